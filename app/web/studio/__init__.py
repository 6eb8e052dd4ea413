"""The process owner's studio: processes and their versions, uploads, and the instances that need attention."""
