"""From a landing folder to typed, pseudonymised, validated frames: pure functions, no Dagster."""
