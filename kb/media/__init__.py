"""What a webinar leaves behind: recordings on their hosts, transcripts parsed and attributed."""
