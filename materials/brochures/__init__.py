"""Brochure compilation: partner lists, national texts and the print PDF."""
