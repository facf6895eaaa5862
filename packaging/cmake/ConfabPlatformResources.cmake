# SPDX-License-Identifier: GPL-3.0-or-later
# What an executable needs to look like itself on Windows and macOS: the icon and version
# resource in the .exe, and the app bundle's Info.plist and icon. Linux gets its desktop file
# and icons from packaging/CMakeLists.txt. The version is the top-level project()'s.

set(_confab_packaging_dir ${CMAKE_CURRENT_LIST_DIR}/..)

# confab_windows_resources(TARGET DESCRIPTION): the icon and a version resource in the .exe.
function(confab_windows_resources target description)
    if(NOT WIN32)
        return()
    endif()
    set(CONFAB_RC_NAME ${target})
    set(CONFAB_RC_DESCRIPTION "${description}")
    set(CONFAB_RC_ICON ${PROJECT_SOURCE_DIR}/resources/icons/io.github.confab.Confab.ico)
    configure_file(${_confab_packaging_dir}/windows/version.rc.in
        ${CMAKE_CURRENT_BINARY_DIR}/${target}.rc @ONLY)
    target_sources(${target} PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/${target}.rc)
endfunction()

# confab_macos_bundle(TARGET): the bundle's identifier, Info.plist and icon.
function(confab_macos_bundle target)
    if(NOT APPLE)
        return()
    endif()
    set(icns ${PROJECT_SOURCE_DIR}/resources/icons/io.github.confab.Confab.icns)
    target_sources(${target} PRIVATE ${icns})
    set_source_files_properties(${icns} PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
    set_target_properties(${target} PROPERTIES
        MACOSX_BUNDLE_INFO_PLIST ${_confab_packaging_dir}/macos/Info.plist.in
        MACOSX_BUNDLE_GUI_IDENTIFIER io.github.confab.Confab
        MACOSX_BUNDLE_BUNDLE_NAME Confab
        MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
        MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
        MACOSX_BUNDLE_ICON_FILE io.github.confab.Confab.icns
        MACOSX_BUNDLE_COPYRIGHT "Free software under the GNU GPL, version 3 or later")
endfunction()
