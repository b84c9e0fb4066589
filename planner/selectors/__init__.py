"""Reads that cross relations, one module per part of the product that reads them.

Views, the admin, the handout and the commands read through these (or through QuerySet methods),
so each query is written once and its query count is pinned in one place.
"""
