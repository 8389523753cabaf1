#ifndef NORDGATE_FUZZ_DRIVER_H
#define NORDGATE_FUZZ_DRIVER_H

// SwiftPM links every executable with `main` aliased to `<Module>_main`, which `-parse-as-library`
// never emits, and so libFuzzer's own `main` is not used. Each fuzz target defines `<Module>_main`
// with `@_cdecl` and calls this, which runs libFuzzer on the target's `LLVMFuzzerTestOneInput`.
int fuzz_driver_main(int argc, char **argv);

#endif
