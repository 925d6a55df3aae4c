"""Reading-time estimate for article bodies."""

import math

from django.conf import settings

from articles.text import visible_words_and_images

FIRST_IMAGE_SECONDS = 12
MIN_IMAGE_SECONDS = 3


def image_seconds(count: int) -> int:
    """Medium's rule: 12 s for the first image, one second less for each next, down to 3 s."""
    return sum(max(FIRST_IMAGE_SECONDS - index, MIN_IMAGE_SECONDS) for index in range(count))


def estimate_reading_time(html: str) -> int:
    """Minutes needed to read an HTML body: visible words plus images, never less than 1."""
    return reading_minutes(*visible_words_and_images(html))


def reading_minutes(words: int, images: int = 0) -> int:
    seconds = words * 60 / settings.READING_WORDS_PER_MINUTE + image_seconds(images)
    # Half a minute or more rounds up, as a reader would say it.
    return max(1, math.floor(seconds / 60 + 0.5))
