# SPDX-License-Identifier: GPL-3.0-or-later
# The JavaScript libraries Confab runs in QJSEngine (js/package.json, pinned by js/package-lock.json)
# are bundled at build time by esbuild into one script each, compiled into the library that runs
# it as a resource (:/confab/js/NAME.js). Nothing is fetched at run time, and no third-party code
# is committed: `npm ci --prefix js` (scripts/deps.sh does it) installs the pinned packages.
set(CONFAB_JS_DIR ${PROJECT_SOURCE_DIR}/js)
find_program(CONFAB_ESBUILD esbuild PATHS ${CONFAB_JS_DIR}/node_modules/.bin NO_DEFAULT_PATH)
if(NOT CONFAB_ESBUILD)
    message(FATAL_ERROR "The JavaScript packages are not installed: run scripts/deps.sh build, or "
                        "npm ci --prefix ${CONFAB_JS_DIR}")
endif()

# confab_js_bundle(TARGET NAME ENTRY): bundles js/ENTRY and what it imports for Qt 6.4's engine
# (ECMAScript 2016, one immediately invoked function whose globals are set on `globalThis`) and
# adds it to TARGET's resources as :/confab/js/NAME.js.
function(confab_js_bundle target name entry)
    # An entry imports our other modules in js/ (the engine's shims): a change to any rebuilds it.
    file(GLOB our_modules CONFIGURE_DEPENDS ${CONFAB_JS_DIR}/*.mjs)
    set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/js)
    set(out ${out_dir}/${name}.js)
    add_custom_command(
        OUTPUT ${out}
        COMMAND ${CONFAB_ESBUILD} ${CONFAB_JS_DIR}/${entry} --bundle --format=iife --target=es2016
                --minify --legal-comments=eof --log-level=warning --outfile=${out}
        DEPENDS ${CONFAB_JS_DIR}/${entry} ${our_modules} ${CONFAB_JS_DIR}/package-lock.json
        WORKING_DIRECTORY ${CONFAB_JS_DIR}
        COMMENT "Bundling ${entry} for QJSEngine"
        VERBATIM)
    qt_add_resources(${target} "confab_js_${name}" PREFIX /confab/js BASE ${out_dir} FILES ${out})
endfunction()
