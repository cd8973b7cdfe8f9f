"""The widgets of the notebooks: the explorer, the case quiz, the table browser, the phase builder
and viewer, and the practicum form."""
