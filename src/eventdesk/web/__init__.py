"""The dashboard: HTML, JavaScript and CSS in ``static/`` written for eventdesk, plus the
JavaScript libraries and country outlines that ``python -m eventdesk.web.build`` copies from
``node_modules`` (npm packages pinned in ``package.json``) into ``static/vendor/``."""
