"""Moving running instances from one version of their process to another (plan, preview, batch run)."""
