# SPDX-License-Identifier: GPL-3.0-or-later
# The Windows install tree: bin\confab.exe and bin\confab-cli.exe with the Qt runtime beside
# them (windeployqt, with the QML modules that src/ui/qml/ imports), the other DLLs they link
# (QtKeychain), the MSVC runtime, and the licence. The NSIS installer packs that tree.

find_program(CONFAB_WINDEPLOYQT windeployqt HINTS "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_BINS}")
if(NOT CONFAB_WINDEPLOYQT)
    message(WARNING "windeployqt not found next to Qt: the installer would lack the Qt runtime")
endif()

# DLLs of imported libraries that are not Qt's (windeployqt takes care of those).
install(FILES $<TARGET_RUNTIME_DLLS:confab> $<TARGET_RUNTIME_DLLS:confab-cli>
    DESTINATION ${CMAKE_INSTALL_BINDIR})

set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
include(InstallRequiredSystemLibraries)

configure_file(${CMAKE_CURRENT_LIST_DIR}/deploy.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/deploy-windows.cmake @ONLY)
install(SCRIPT ${CMAKE_CURRENT_BINARY_DIR}/deploy-windows.cmake)

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION . RENAME LICENSE.txt)
