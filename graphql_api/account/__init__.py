"""Who is asking: `Query.viewer` and the people the API names."""
