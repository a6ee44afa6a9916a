"""Pure domain logic: values in, values out. No I/O, no async, no logging setup, no settings.

Everything that needs the time takes `now`/`today` as a parameter.
"""
