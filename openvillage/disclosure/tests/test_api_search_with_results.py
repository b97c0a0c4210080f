"""The public API search of a village's disclosures returns its hits (it once failed with a 500
whenever there was one: the search query deferred fields the list then traversed)."""


def test_a_search_with_hits_lists_them(client, published, village_a1):
    response = client.get(f"/api/v1/villages/{village_a1.code}/disclosures?q=财务")
    assert response.status_code == 200, response.content[:300]
    rows = response.json()["items"]
    assert [row["id"] for row in rows] == [published.pk]
    assert rows[0]["village"] == village_a1.code


def test_a_search_without_hits_is_an_empty_list(client, published, village_a1):
    response = client.get(f"/api/v1/villages/{village_a1.code}/disclosures?q=选举")
    assert response.status_code == 200
    assert response.json()["items"] == []
