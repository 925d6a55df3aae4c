from django.urls import path

from articles import views
from articles.feeds import AuthorFeed, CategoryFeed, TagFeed

app_name = "articles"
urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("apercu/<int:pk>/", views.article_preview, name="preview"),
    path("apercu/slug/", views.slug_preview, name="slug-preview"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("category/<slug:slug>/feed/", CategoryFeed(), name="category-feed"),
    path("category/<slug:slug>/feed/atom/", CategoryFeed(atom=True), name="category-feed-atom"),
    path("tag/<slug:slug>/feed/", TagFeed(), name="tag-feed"),
    path("tag/<slug:slug>/feed/atom/", TagFeed(atom=True), name="tag-feed-atom"),
    path("author/<slug:slug>/feed/", AuthorFeed(), name="author-feed"),
    path("author/<slug:slug>/feed/atom/", AuthorFeed(atom=True), name="author-feed-atom"),
]
