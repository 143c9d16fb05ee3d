"""The persistent result cache, at the bottom of the house: `content` and `readability` both
import it, and it imports neither (see `cache.results`)."""
