"""The public transparency portal: start page, FAQ, news, process timeline, office contacts."""
