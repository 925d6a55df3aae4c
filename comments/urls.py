from django.urls import path

from comments import views

app_name = "comments"
urlpatterns = [
    path("comments/post/<int:article_id>/", views.post_comment, name="post"),
    path("comments/token/<int:article_id>/", views.form_token, name="token"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit"),
    path("comments/<int:pk>/delete/", views.delete_comment, name="delete"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
