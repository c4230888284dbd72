"""Documents in: survey releases and event announcements read into draft records.

reading (files to text) -> language -> sentences -> figures -> survey / events facts ->
questions -> matching (known people, organizations, topics) -> pipeline.analyse() -> a Proposal
that staff correct -> services.drafts_create() in one transaction, with every passage.
"""
