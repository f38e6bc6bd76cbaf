# cmake -DTHREE_DIR=<node_modules/three> -DDEST=<static/vendor/three> -P vendor-three.cmake
#
# Copies the parts of three.js the scan preview uses into the plugin's static folder, all
# in one folder. The addons import the bare specifier 'three', which a browser resolves
# only through an import map; an import map is an inline script, which the host's CSP
# refuses, so the addons are rewritten to import './three.module.js' instead.
# Files are written only when their content changes, so ETags and mtimes stay stable.
cmake_minimum_required(VERSION 3.18)

if(NOT THREE_DIR OR NOT DEST)
  message(FATAL_ERROR "vendor-three.cmake: pass -DTHREE_DIR=... -DDEST=...")
endif()
if(NOT EXISTS "${THREE_DIR}/package.json" OR NOT EXISTS "${THREE_DIR}/build/three.module.js")
  message(FATAL_ERROR
    "three.js is missing from ${THREE_DIR}; run scripts/install-deps.sh "
    "(it runs npm ci in plugins/cases/web), then build again.")
endif()

function(write_if_changed path text)
  if(EXISTS "${path}")
    file(READ "${path}" old)
    if(old STREQUAL text)
      return()
    endif()
  endif()
  file(WRITE "${path}" "${text}")
endfunction()

file(MAKE_DIRECTORY "${DEST}")

# three.module.js imports './three.core.js' from its own folder: both go as they are.
foreach(relative build/three.module.js build/three.core.js LICENSE)
  get_filename_component(name "${relative}" NAME)
  file(READ "${THREE_DIR}/${relative}" text)
  write_if_changed("${DEST}/${name}" "${text}")
endforeach()

foreach(relative
    examples/jsm/loaders/STLLoader.js
    examples/jsm/loaders/PLYLoader.js
    examples/jsm/loaders/OBJLoader.js
    examples/jsm/controls/OrbitControls.js)
  get_filename_component(name "${relative}" NAME)
  file(READ "${THREE_DIR}/${relative}" text)
  string(REGEX REPLACE "from ['\"]three['\"]" "from './three.module.js'" text "${text}")
  # Any other import (another addon, a subpath) would break in the browser: say so here.
  string(REGEX MATCH "(^|\n)(import|export|})[^\n]* from ['\"][^'\"./][^'\"]*['\"]" bare "${text}")
  if(bare)
    message(FATAL_ERROR "${relative} still has a bare import after rewriting: ${bare}")
  endif()
  write_if_changed("${DEST}/${name}" "${text}")
endforeach()
