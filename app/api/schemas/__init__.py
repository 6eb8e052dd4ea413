"""The API's request and response models, by noun: one declaration per endpoint names them (app/api/contract.py)."""
