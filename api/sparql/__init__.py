"""The SPARQL 1.1 Protocol endpoint behind `/sparql` (https://www.w3.org/TR/sparql11-protocol/).

The modules: `protocol` (reading a request, checking the query, scoping its dataset to the
graphs anonymous readers may see, and running it), `negotiation` (choosing and writing the
result format; the service description) and `limits` (the time and row limits, and the pool
of worker processes that runs queries so a runaway one can be killed).
"""
