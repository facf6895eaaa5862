# SPDX-License-Identifier: GPL-3.0-or-later
# The macOS install tree: confab.app with the Qt frameworks, plugins and QML modules inside
# (macdeployqt), confab-cli inside the bundle too (app/cli installs it into Contents/MacOS so
# it shares the bundle's frameworks), and the licence beside the app in the DMG.

find_program(CONFAB_MACDEPLOYQT macdeployqt HINTS "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_BINS}")
if(NOT CONFAB_MACDEPLOYQT)
    message(WARNING "macdeployqt not found next to Qt: the DMG would lack the Qt runtime")
endif()

configure_file(${CMAKE_CURRENT_LIST_DIR}/deploy.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/deploy-macos.cmake @ONLY)
install(SCRIPT ${CMAKE_CURRENT_BINARY_DIR}/deploy-macos.cmake)

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION . RENAME LICENSE.txt)
