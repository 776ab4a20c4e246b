"""Plain data and the rules that govern it. No I/O, no Textual."""
