app_name = "atlas"
urlpatterns: list = []
