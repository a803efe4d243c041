// Preloaded into the policy pack's process when BENCH_CPU_PROFILE is set: the bench stops the
// pack with SIGTERM, and Node writes a --cpu-prof profile only on a normal exit.
process.on("SIGTERM", () => process.exit(0));
