"""The raffle draw, on its own so anyone can re-run it from the published tickets and seed.

    >>> draw("5f1c0e...", [(12, 3), (15, 1), (40, 7)], 2)
    [(1, 40, 9), (2, 12, 1)]

Tickets are numbered from 1, customer after customer in the given order (the raffle lists
customers by id). Each draw picks a ticket number uniformly among the tickets of the
customers who have not won yet; a customer wins at most once. Python's ``random.Random``
seeded with the text seed (version 2 seeding, SHA-512 of the text) gives the same sequence
on every Python 3 release.
"""

import random


def draw(seed, tickets, winners):
    """Winners as [(rank, customer id, ticket number)].

    :param seed: the recorded seed (text)
    :param tickets: [(customer id, number of tickets)] in ticket numbering order
    :param winners: how many winners to draw
    """
    rng = random.Random(str(seed))
    first, number = {}, 1
    for customer, count in tickets:
        first[customer] = number
        number += count
    left = [(customer, count) for customer, count in tickets if count > 0]
    result = []
    for rank in range(1, winners + 1):
        total = sum(count for _customer, count in left)
        if not total:
            break
        pick = rng.randrange(total)
        for index, (customer, count) in enumerate(left):
            if pick < count:
                result.append((rank, customer, first[customer] + pick))
                del left[index]
                break
            pick -= count
    return result
