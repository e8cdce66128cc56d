"""The document layer: view models, Jinja2 templates and PDF rendering with WeasyPrint.

Data from the database reaches the templates only through the frozen dataclasses
of `context`; templates never query anything and never see evidence values or
burnout scores. `render` turns a context into HTML or PDF, one at a time or in
a process pool.
"""

from metodist.documents.render import RenderJob, RenderResult, render_html, render_many, render_pdf

__all__ = ["RenderJob", "RenderResult", "render_html", "render_many", "render_pdf"]
