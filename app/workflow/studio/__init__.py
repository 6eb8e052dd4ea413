"""The process owner's studio: processes and their versions, drafts kept between saves, and diagram checks."""
