"""The process owner's studio: processes and their versions, uploads, the modeller, and the instances that need
attention."""
