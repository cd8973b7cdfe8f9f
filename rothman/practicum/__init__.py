"""The field-practicum report: reading and checking a report file, saving it, its printable page
and the class summary."""
