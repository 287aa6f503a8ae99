"""Texts the platform ships with, in every language: the home page and the standard pages.

Editors change them in the admin afterwards; setup_network only creates what is missing.
"""
