"""Everything the API says about reviews: endpoints (views.py), their filters (filters.py), the
fields of each model (fields.py) and the OpenAPI document (openapi.py)."""
