"""The dashboard's data service: shared cache, datasets, quota, disk store, snapshot, settings."""
