"""Use cases: each public function is one thing a person or job does, in one transaction."""
