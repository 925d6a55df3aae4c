from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("apercu/<int:pk>/", views.article_preview, name="preview"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
]
