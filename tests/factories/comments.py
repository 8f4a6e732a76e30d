"""Factories for comments (factory_boy)."""

import factory

from khabar.comments.models import BlockedTerm, Comment
from khabar.comments.moderation import identity_hash
from khabar.comments.text import duplicate_key


class CommentFactory(factory.django.DjangoModelFactory):
    author_name = factory.Sequence(lambda n: f"قارئ {n}")
    author_email = factory.Sequence(lambda n: f"reader{n}@mail.example")
    body = factory.Sequence(lambda n: f"تعليق مفيد رقم {n} على الخبر، شكراً للكاتب.")
    status = Comment.Status.APPROVED
    parent = None
    depth = factory.LazyAttribute(lambda o: (o.parent.depth + 1) if o.parent else 1)
    email_hash = factory.LazyAttribute(lambda o: identity_hash("email", o.author_email))
    body_hash = factory.LazyAttribute(lambda o: duplicate_key(o.body))

    class Meta:
        model = Comment


class BlockedTermFactory(factory.django.DjangoModelFactory):
    kind = BlockedTerm.Kind.WORD
    value = "كازينو"

    class Meta:
        model = BlockedTerm
