"""Memoising on the identity of immutable data."""

from core.memo import MAX_ENTRIES, memoize_on_data


def test_same_data_object_computes_once_other_objects_recompute():
    calls = []

    @memoize_on_data
    def total(data, scale=1):
        calls.append(data)
        return sum(data) * scale

    first = (1, 2, 3)
    assert total(first) == 6 and total(first) == 6 and len(calls) == 1
    assert total(first, 10) == 60 and len(calls) == 2  # other arguments, other entry
    equal_but_new = tuple([1, 2, 3])
    assert total(equal_but_new) == 6 and len(calls) == 3  # identity, not equality
    for n in range(MAX_ENTRIES + 5):  # bounded: the oldest entries go
        total((n,))
    calls.clear()
    total(first)
    assert len(calls) == 1


def test_data_layer_hands_out_the_same_answer_until_data_changes(make_layer):
    from client.query import BenchmarkQuery

    layer = make_layer()
    one = layer.load_benchmarks(BenchmarkQuery(source="design-arena"), cut=False)
    two = layer.load_benchmarks(BenchmarkQuery(source="design-arena"), cut=False)
    other = layer.load_benchmarks(BenchmarkQuery(source="design-arena", category="3d"), cut=False)
    assert one is two and one.items is two.items and other is not one
    layer.clear()  # new states: a new answer
    assert layer.load_benchmarks(BenchmarkQuery(source="design-arena"), cut=False) is not one
