"""Plain-Python analyses of the cycle: teacher status, indicators, mentors, course placement."""
