from .raffle import draw
