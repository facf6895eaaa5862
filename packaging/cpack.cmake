# SPDX-License-Identifier: GPL-3.0-or-later
# One installer per system, all with the version of the top-level project():
#   Debian, Ubuntu  DEB        confab_<version>-1_<arch>.deb
#   Fedora, RHEL    RPM        confab-<version>-1.<arch>.rpm
#   Windows         NSIS       confab-<version>-windows-<arch>.exe
#   macOS           DragNDrop  confab-<version>-macos-<arch>.dmg
# `cpack -G <generator>` makes another one where its tools are installed.

set(CPACK_PACKAGE_NAME confab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Confab developers")
set(CPACK_PACKAGE_CONTACT "The Confab developers <confab-app@users.noreply.github.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Desktop chat client for large language models")
# Wrapped as Debian's long descriptions are; an empty line starts a paragraph.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Confab is a native chat client for large language models, written in C++"
    "and Qt. It talks straight to the OpenAI Chat Completions API and to the"
    "servers that speak it (Ollama, LM Studio, vLLM, llama.cpp, OpenRouter) and"
    "streams each reply as it is written, with markdown, code blocks and tables."
    ""
    "Every conversation stays on your own disk (SQLite) or your own PostgreSQL"
    "server, searchable offline; API keys are kept in the system keychain."
    "confab-cli, its console companion, shares the same history.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_INSTALL_DIRECTORY Confab)
set(CPACK_PACKAGE_EXECUTABLES confab Confab)
set(CPACK_STRIP_FILES ON)
set(CPACK_VERBATIM_VARIABLES ON)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(AMD64|x86_64)$")
    set(arch x64)
else()
    string(TOLOWER ${CMAKE_SYSTEM_PROCESSOR} arch)
endif()

if(WIN32)
    set(CPACK_GENERATOR NSIS)
    set(CPACK_PACKAGE_FILE_NAME confab-${PROJECT_VERSION}-windows-${arch})
    # NSIS wants backslashes (passed as they are: CPACK_VERBATIM_VARIABLES).
    file(TO_NATIVE_PATH ${PROJECT_SOURCE_DIR}/resources/icons/${CONFAB_APP_ID}.ico ico)
    set(CPACK_NSIS_MUI_ICON ${ico})
    set(CPACK_NSIS_MUI_UNIICON ${ico})
    set(CPACK_NSIS_PACKAGE_NAME Confab)
    set(CPACK_NSIS_DISPLAY_NAME Confab)
    set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
    set(CPACK_NSIS_EXECUTABLES_DIRECTORY ${CMAKE_INSTALL_BINDIR})
    set(CPACK_NSIS_INSTALLED_ICON_NAME "${CMAKE_INSTALL_BINDIR}\\confab.exe")
    set(CPACK_NSIS_MUI_FINISHPAGE_RUN confab.exe)
    set(CPACK_NSIS_URL_INFO_ABOUT ${PROJECT_HOMEPAGE_URL})
    set(CPACK_NSIS_HELP_LINK ${PROJECT_HOMEPAGE_URL})
    set(CPACK_NSIS_CONTACT ${CPACK_PACKAGE_CONTACT})
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
    set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
    # PATH is left alone: NSIS's PATH editing truncates a long PATH.
    set(CPACK_NSIS_MODIFY_PATH OFF)
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
    set(CPACK_PACKAGE_FILE_NAME confab-${PROJECT_VERSION}-macos-${arch})
    set(CPACK_DMG_VOLUME_NAME Confab)
    set(CPACK_DMG_FORMAT UDZO)
elseif(EXISTS /etc/debian_version)
    set(CPACK_GENERATOR DEB)
else()
    set(CPACK_GENERATOR RPM)
endif()

# Debian and Ubuntu. dpkg-shlibdeps finds the libraries the executables link; the QML modules
# and Qt plugins are loaded at run time, so their packages are listed here (qt6-qpa-plugins
# holds the X11 platform plugin in newer Debian and Ubuntu releases).
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "qml6-module-qtqml, qml6-module-qtqml-models, qml6-module-qtqml-workerscript, \
qml6-module-qtquick, qml6-module-qtquick-window, qml6-module-qtquick-controls, \
qml6-module-qtquick-templates, qml6-module-qtquick-layouts, \
qt6-qpa-plugins, libqt6sql6-sqlite")
# PostgreSQL history, native Wayland windows, and a Secret Service for the keychain.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "libqt6sql6-psql, qt6-wayland, libsecret-1-0, gnome-keyring | kwalletmanager")

# Fedora (package names differ on openSUSE). rpmbuild finds the linked libraries itself
# (qt6-qtbase brings the SQLite driver); the QML modules are all in qt6-qtdeclarative.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_LICENSE GPL-3.0-or-later)
set(CPACK_RPM_PACKAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_RPM_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_RPM_PACKAGE_REQUIRES "qt6-qtbase-gui, qt6-qtdeclarative")
set(CPACK_RPM_PACKAGE_SUGGESTS "qt6-qtbase-postgresql, qt6-qtwayland")
# Folders the filesystem and hicolor-icon-theme packages own.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications /usr/share/metainfo /usr/share/man /usr/share/man/man1
    /usr/share/icons /usr/share/icons/hicolor /usr/share/doc)
foreach(size 16 22 24 32 48 64 128 256 512)
    list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/share/icons/hicolor/${size}x${size} /usr/share/icons/hicolor/${size}x${size}/apps)
endforeach()
list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps)

include(CPack)
