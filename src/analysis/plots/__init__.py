"""Figures: one module per topic, each drawing the DataFrames its analysis module computed.

A plot function takes the data, the language and the labels and returns a
:class:`analysis.figures.Plot` (figure, data drawn, title, caption); it computes nothing but layout.
"""
