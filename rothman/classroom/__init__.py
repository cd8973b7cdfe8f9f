"""The classroom: presentation views, the servers that show them (alone or to a room) with
their one start-up, their kernels, and JupyterLab opened on the course.

Modules, lowest first: ``visit`` (what a page asks of its kernel), ``views``, ``server``
(starting and stopping Voilà), ``present``, ``class_server``; ``kernels`` runs inside Voilà.
"""
