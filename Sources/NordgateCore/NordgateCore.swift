// Filled in by the core module.
