{
  "variables": {
    # 1: outputs on recycled memory through V8's own API (native/node/v8_output.cc): faster for
    # large outputs, but the binary is tied to the Node ABI it was compiled for, which a build on
    # the machine that runs it always is. 0: N-API only, one binary for every Node version (the
    # untagged prebuild, scripts/prebuild.mjs).
    "v8_output_memory%": 1
  },
  "targets": [
    {
      "target_name": "tfjs_interpolate",
      "sources": [
        "native/core/backward.cc",
        "native/core/forward.cc",
        "native/core/gather_fold.cc",
        "native/core/gather_plan.cc",
        "native/core/isa.cc",
        "native/core/mean.cc",
        "native/core/memory.cc",
        "native/core/plan.cc",
        "native/core/row_terms.cc",
        "native/core/rowwise.cc",
        "native/core/separable.cc",
        "native/core/window_pass.cc",
        "native/node/addon.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "conditions": [
        ["v8_output_memory==1", {
          "sources": ["native/node/output_pool.cc", "native/node/v8_output.cc"],
          "defines": ["TFJS_V8_OUTPUT_MEMORY"]
        }],
        ["OS=='linux'", {"ldflags": ["-Wl,--version-script=<(module_root_dir)/native/node/exports.map"]}]
      ],
      "cflags!": ["-fno-exceptions", "-ffast-math"],
      "cflags_cc!": ["-fno-exceptions", "-ffast-math"],
      # Hidden symbols: two copies of the addon in one process (two versions of the package in one
      # dependency tree) must not bind each other's statics, which GCC's unique symbols would do
      # across libraries for the pool, scratch and other function-local statics.
      "cflags_cc": ["-std=c++17", "-O3", "-ffp-contract=off", "-fno-fast-math", "-Wno-psabi", "-pthread",
                    "-fvisibility=hidden", "-fvisibility-inlines-hidden"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
        "GCC_INLINES_ARE_PRIVATE_EXTERN": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "10.15",
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off", "-fno-fast-math"]
      },
      "msvs_settings": {
        "VCCLCompilerTool": {"ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17", "/fp:precise"]}
      }
    }
  ]
}
