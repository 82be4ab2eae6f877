"""Pages of API lists: ``?page=2&page_size=100``, at most ``max_page_size`` rows a page."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Einträge je Seite (höchstens 200)."
    page_query_description = "Nummer der Seite, beginnend bei 1."
    max_page_size = 200
