// Filled in by the Sodium module.
