"""Adaptation and early warning (issue 17): the use cases joining storage and
:mod:`cityclimate.adaptation`.

:mod:`.warnings` stores a territory's warning settings, sites and observation feeds, evaluates
the warning rules and keeps the resulting events (exported as CAP 1.2 by the faces);
:mod:`.assessments` stores risk layers, drainage-zone evaluations, green-space years and map
shapes, computes risk and sponge-city results and gives plan indicators 11-13 to the
indicator service.
"""
