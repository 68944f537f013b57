"""The B1 rule of the Wegwijzer, as a test helper: average sentence at most 12 words, at most 15 % of the
words with four or more syllables. Syllables are counted as Dutch vowel groups ("ij", "ui", "oe", "eeu"
are one group), which is close enough for a readability check."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS_PER_SENTENCE = 12
MAX_LONG_WORD_SHARE = 0.15
_VOWELS = re.compile(r"(?:ij|[aeiouyàáâäèéêëìíîïòóôöùúûü])+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")


def syllables(word: str) -> int:
    return max(1, len(_VOWELS.findall(word.lower())))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if words(s)]


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    long_words: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_word_share(self) -> float:
        return self.long_words / self.words if self.words else 0.0

    @property
    def is_b1(self) -> bool:
        return (
            self.words_per_sentence <= MAX_WORDS_PER_SENTENCE and self.long_word_share <= MAX_LONG_WORD_SHARE
        )


def readability(texts: list[str]) -> Readability:
    all_sentences = [s for text in texts for s in sentences(text)]
    all_words = [w for s in all_sentences for w in words(s)]
    return Readability(
        sentences=len(all_sentences),
        words=len(all_words),
        long_words=sum(1 for w in all_words if syllables(w) >= 4),
    )
