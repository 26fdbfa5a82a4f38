"""The region the digest covers, as ISO 3166 country codes. When a place name is shared, the
region's place wins (Brest, Belarus before Brest, France), in extraction and on the map alike."""

REGION = frozenset({"RU", "BY", "KZ", "KG", "AM", "UZ", "TJ", "AZ", "TM", "MD", "GE", "UA", "MN", "CN", "IR"})
