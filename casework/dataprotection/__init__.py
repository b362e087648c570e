"""Data-subject rights (Law 91/2025/QH15): requests, export, restriction, de-identification, retention."""
