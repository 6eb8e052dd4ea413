"""Events an instance waits for or reacts to: timers, messages, conditions, errors, workers."""
