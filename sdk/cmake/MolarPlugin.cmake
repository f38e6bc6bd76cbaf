# molar_add_plugin(<name> SOURCES <file>... [LIBRARIES <target>...])
#
# Builds plugin <name> as a loadable module <name>.so in a folder of its own, beside
# copies of the plugin's config/, migrations/, templates/, messages/ and static/
# folders when the calling directory has them; that folder is what the host's
# plugins.path points at. The host reads config/<name>.properties as the plugin's
# defaults while it is enabled, and serves static/ at /static/<name>/.
# Installs the same folder under <libdir>/molar/plugins/<name>.
include_guard(GLOBAL)

function(molar_add_plugin name)
  cmake_parse_arguments(PLUGIN "" "" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT MOLAR_PLUGIN_OUTPUT_DIR)
    set(MOLAR_PLUGIN_OUTPUT_DIR ${CMAKE_BINARY_DIR}/plugins)
  endif()
  set(out ${MOLAR_PLUGIN_OUTPUT_DIR}/${name})
  set(target molar-plugin-${name})

  add_library(${target} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${target} PRIVATE ${MOLAR_SDK_TARGET} ${PLUGIN_LIBRARIES})
  target_compile_features(${target} PRIVATE cxx_std_17)
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME ${name}
    LIBRARY_OUTPUT_DIRECTORY ${out}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  # A missing symbol fails the link, not the load (but in a sanitizer build, whose
  # runtime the loading executable provides: cmake/Sanitizers.cmake).
  if(NOT DEFINED MOLAR_PLUGIN_NO_UNDEFINED OR MOLAR_PLUGIN_NO_UNDEFINED)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()

  # The plugin's resources are copied whenever one of them changes, not only when
  # the library is rebuilt, so an edited template or stylesheet reaches the build.
  set(resource_stamps)
  foreach(resource config migrations templates messages static)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${resource})
      file(GLOB_RECURSE resource_files CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${resource}/*)
      set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}-${resource}.stamp)
      add_custom_command(OUTPUT ${stamp}
        COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_CURRENT_SOURCE_DIR}/${resource} ${out}/${resource}
        COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
        DEPENDS ${resource_files}
        COMMENT "Copying ${name}'s ${resource}")
      list(APPEND resource_stamps ${stamp})
      install(DIRECTORY ${resource} DESTINATION ${CMAKE_INSTALL_LIBDIR}/molar/plugins/${name}
        COMPONENT plugin-${name})
    endif()
  endforeach()
  if(resource_stamps)
    add_custom_target(${target}-resources DEPENDS ${resource_stamps})
    add_dependencies(${target} ${target}-resources)
  endif()
  # Plugins of the portal itself (not test fixtures) are collected for molar-portal.
  if(MOLAR_PLUGIN_OUTPUT_DIR STREQUAL "${CMAKE_BINARY_DIR}/plugins")
    set_property(GLOBAL APPEND PROPERTY MOLAR_PORTAL_PLUGINS ${target})
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/molar/plugins/${name}
    COMPONENT plugin-${name})
endfunction()
