"""placeholder"""
class RelationFinder:
    def __init__(self, doc, result, headings):
        pass
    def run(self):
        pass
